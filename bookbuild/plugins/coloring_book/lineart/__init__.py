"""Line art for coloring pages: the pipeline every source goes through
(pipeline.py), the measurements the coloring checks make (measure.py), and the
numpy morphology (morph.py) and scipy region finding (regions.py) under both.

Nothing here imports Pillow at package import; import the submodules."""
