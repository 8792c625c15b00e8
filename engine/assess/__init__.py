"""engine/assess"""
