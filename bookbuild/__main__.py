from bookbuild.launch import main

main()
