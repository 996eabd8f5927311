bfs_diff basic -type f
