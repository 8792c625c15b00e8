"""`python -m cyberplan`: the same command as `cyberplan`."""
from cyberplan.cli import main

main()
