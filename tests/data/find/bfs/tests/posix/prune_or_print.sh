bfs_diff basic -name foo -prune -o -print
