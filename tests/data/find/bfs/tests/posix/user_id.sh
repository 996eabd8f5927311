bfs_diff basic -user "$(id -u)"
