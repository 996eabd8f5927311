bfs_diff perms -perm -222
