bfs_diff basic \( -name '*f*' \)
