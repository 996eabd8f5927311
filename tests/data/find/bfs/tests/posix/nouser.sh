bfs_diff basic -nouser
