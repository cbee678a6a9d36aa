"""The clinical tests romcam runs on whole recordings: each turns angle series into trials."""
