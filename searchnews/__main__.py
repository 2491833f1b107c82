from searchnews.serve.client import main

if __name__ == "__main__":
    main()
