# Regression test for
# https://github.com/tavianator/bfs/issues/155
bfs_diff basic -user 0 -o -user "$(id -u)"
