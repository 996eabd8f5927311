! PATH="foo:$PATH" invoke_bfs basic -okdir echo {} \;
