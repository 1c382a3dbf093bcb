"""The hub's services: what routes, the command line and tests call to get work done.

Routes in server/api and server/web only translate HTTP to these calls and back.
`server/crud.py` holds the plain row operations they build on.
"""
