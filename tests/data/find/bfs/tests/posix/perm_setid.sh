bfs_diff rainbow -perm -u+s -o -perm -g+s
