bfs_diff perms -perm u+rw,g+u-w,o=g
