"""Graders: the tools that score learners' work, for notebooks and labs."""
