! invoke_bfs -group eW6f5RM9Qi
