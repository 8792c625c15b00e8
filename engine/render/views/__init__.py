"""engine/render/views"""
