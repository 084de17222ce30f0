"""placeholder"""
def export_dxf(*a, **k):
    raise NotImplementedError
