bfs_diff rainbow -perm -a+t
