"""cyberplan command line."""
def main():
    pass
