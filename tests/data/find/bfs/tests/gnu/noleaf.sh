bfs_diff basic -noleaf
