"""Drawing figures: a scene of shapes from the body model, written as SVG or via matplotlib."""
