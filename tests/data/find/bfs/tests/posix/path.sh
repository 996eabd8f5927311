bfs_diff basic -path 'basic/*f*'
