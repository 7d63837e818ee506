report examples/quickstart.bsc -o /nonexistent/dir/c.html
