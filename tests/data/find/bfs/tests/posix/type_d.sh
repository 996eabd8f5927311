bfs_diff basic -type d
