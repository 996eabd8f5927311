bfs_diff times -newer times/a
