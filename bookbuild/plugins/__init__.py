"""bookbuild's built-in plugins, registered exactly like third-party ones.

One module per plugin; the folder says its kind (generators/, themes/,
validators/). See bookbuild.pluginmanager.DEFAULT_PLUGINS for the list.
"""
