TZ=WAT-1 bfs_diff basic -daystart -mtime 0
