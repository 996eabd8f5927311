# Regression test: this was wrongly optimized to -false
bfs_diff basic -user "$(id -u)" \! -nouser
