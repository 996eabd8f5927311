bfs_diff basic -user "$(id -un)"
