# Regression test for
# https://github.com/tavianator/bfs/issues/155
bfs_diff basic -group 0 -o -group "$(id -g)"
