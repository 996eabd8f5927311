# Regression test: (-o lhs(pure) rhs(always_true)) <==> rhs is only valid if rhs is pure
bfs_diff basic -name '*' -o -print
