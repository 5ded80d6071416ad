"""The course's labs: the engine that builds and checks workspaces, and one folder per lab."""
