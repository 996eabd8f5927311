ulimit -n $((NOPENFD + 13))
bfs_diff deep -type f -nogroup
