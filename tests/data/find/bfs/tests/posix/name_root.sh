bfs_diff basic/a -name a
