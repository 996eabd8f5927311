bfs_diff / -prune -name /
