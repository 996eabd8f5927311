bfs_diff basic -iname '*F*'
