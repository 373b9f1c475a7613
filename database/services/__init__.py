"""Services: what the GUI and the command line may do with the data.

Each takes a session factory, runs one transaction per user action and returns plain
dataclasses, so nothing above this layer holds a live ORM object.
"""
