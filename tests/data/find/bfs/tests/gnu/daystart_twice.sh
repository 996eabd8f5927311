TZ=WAT-1 bfs_diff basic -daystart -daystart -mtime 0
