from romcam.cli import app

app(prog_name="romcam")
