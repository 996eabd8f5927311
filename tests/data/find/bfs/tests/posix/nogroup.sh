bfs_diff basic -nogroup
