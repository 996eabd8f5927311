bfs_diff basic/g -depth -name g
