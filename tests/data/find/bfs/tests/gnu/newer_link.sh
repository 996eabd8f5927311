bfs_diff times -newer times/l
