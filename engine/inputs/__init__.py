"""engine/inputs"""
