# Regression test: assertion failure in sink_not_comma()
bfs_diff basic -not \( -print , -name '*f*' \) -print
