bfs_diff basic/g/ -name g
