bfs_diff times -anewer times/a
