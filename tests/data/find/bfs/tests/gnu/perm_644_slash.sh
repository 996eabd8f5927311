bfs_diff perms -perm /644
