"""Rebuild romcam's pose model bundle (romcam/models/pose_landmarker_full.task) offline, or the
lite and heavy bundles a user may choose with --model.

MediaPipe's current wheels ship no pose model, and the official `.task` bundles come from a web
host. The mediapipe 0.10.21 wheel on PyPI carries the two TFLite networks of the "full" pose
model, without the image-normalization metadata that the Tasks API needs. This script:

1. takes `pose_detection.tflite` and `pose_landmark_full.tflite` from that wheel (downloaded with
   `pip download --no-deps mediapipe==0.10.21`, or given with --wheel);
2. makes sure each declares how input pixels are normalized (detector: (x-127.5)/127.5, already
   in the wheel; landmarks: x/255, added here: what the legacy graph did in ImageToTensor);
3. zips them, uncompressed, as `pose_detector.tflite` + `pose_landmarks_detector.tflite`.

The lite and heavy landmark networks are not in that wheel. They are in the npm package of the
same models for the web, `@mediapipe/pose@0.5.1675469404` (Apache-2.0; `npm pack` fetches it,
or give it with --npm-package); its `pose_landmark_full.tflite` is byte for byte the wheel's, so
its lite and heavy ones are the official networks. The detector is the wheel's for every variant.
They are not shipped (2.8 and 27.7 MB): build them where you like and pass them with --model.

Needs only `flatbuffers` and the schema modules that mediapipe >= 1.2 ships.

    python tools/build_pose_model.py [--wheel PATH] [--out romcam/models/pose_landmarker_full.task]
    python tools/build_pose_model.py --variant lite --out models/pose_landmarker_lite.task
    python tools/build_pose_model.py --variant heavy --out models/pose_landmarker_heavy.task
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import flatbuffers
from mediapipe.tasks.metadata import metadata_schema_py_generated as meta_fb
from mediapipe.tasks.metadata import schema_py_generated as tflite_fb

SOURCE_WHEEL = "mediapipe==0.10.21"
SOURCE_NPM = "@mediapipe/pose@0.5.1675469404"
VARIANTS = ("full", "lite", "heavy")
MEMBERS = {
    # bundle name: (path inside the wheel, normalization mean, std)
    "pose_detector.tflite": ("mediapipe/modules/pose_detection/pose_detection.tflite", 127.5, 127.5),
    "pose_landmarks_detector.tflite": ("mediapipe/modules/pose_landmark/pose_landmark_full.tflite", 0.0, 255.0),
}
METADATA_NAME = "TFLITE_METADATA"
METADATA_FILE_ID = b"M001"
TFLITE_FILE_ID = b"TFL3"


def image_input_metadata(mean: float, std: float, name: str, description: str) -> bytes:
    """TFLite ModelMetadata for one RGB image input, normalized as (x - mean) / std."""
    norm = meta_fb.NormalizationOptionsT()
    norm.mean, norm.std = [mean], [std]
    unit = meta_fb.ProcessUnitT()
    unit.optionsType = meta_fb.ProcessUnitOptions.NormalizationOptions
    unit.options = norm

    props = meta_fb.ImagePropertiesT()
    props.colorSpace = meta_fb.ColorSpaceType.RGB
    content = meta_fb.ContentT()
    content.contentPropertiesType = meta_fb.ContentProperties.ImageProperties
    content.contentProperties = props

    tensor = meta_fb.TensorMetadataT()
    tensor.name = "image"
    tensor.content = content
    tensor.processUnits = [unit]

    subgraph = meta_fb.SubGraphMetadataT()
    subgraph.inputTensorMetadata = [tensor]

    model = meta_fb.ModelMetadataT()
    model.name = name
    model.description = description
    model.minParserVersion = "1.0.0"
    model.subgraphMetadata = [subgraph]

    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), METADATA_FILE_ID)
    return bytes(builder.Output())


def existing_normalization(model: tflite_fb.ModelT) -> tuple[float, float] | None:
    """(mean, std) of the first input's normalization if the model already declares one."""
    for entry in model.metadata or []:
        if (entry.name or b"").decode() != METADATA_NAME:
            continue
        raw = bytes(model.buffers[entry.buffer].data)
        meta = meta_fb.ModelMetadataT.InitFromObj(meta_fb.ModelMetadata.GetRootAsModelMetadata(raw, 0))
        for unit in meta.subgraphMetadata[0].inputTensorMetadata[0].processUnits or []:
            if unit.optionsType == meta_fb.ProcessUnitOptions.NormalizationOptions:
                return unit.options.mean[0], unit.options.std[0]
    return None


def with_normalization(tflite: bytes, mean: float, std: float, name: str, description: str) -> bytes:
    """Return the TFLite flatbuffer with image-input normalization metadata attached.

    The wheel's detector already carries it (mean 127.5, std 127.5, under a metadata header
    copied from the face detector); the landmark network has none.
    """
    model = tflite_fb.ModelT.InitFromObj(tflite_fb.Model.GetRootAsModel(tflite, 0))
    found = existing_normalization(model)
    if found is not None:
        if found != (mean, std):
            raise SystemExit(f"{name}: declares normalization {found}, expected {(mean, std)}")
        return tflite
    if any((m.name or b"").decode() == METADATA_NAME for m in model.metadata or []):
        raise SystemExit(f"{name}: has TFLite metadata without input normalization; not handled")
    buffer = tflite_fb.BufferT()
    buffer.data = list(image_input_metadata(mean, std, name, description))
    model.buffers.append(buffer)
    entry = tflite_fb.MetadataT()
    entry.name = METADATA_NAME
    entry.buffer = len(model.buffers) - 1
    model.metadata = (model.metadata or []) + [entry]
    builder = flatbuffers.Builder(len(tflite) + 4096)
    builder.Finish(model.Pack(builder), TFLITE_FILE_ID)
    return bytes(builder.Output())


def fetch_wheel(workdir: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64",
         SOURCE_WHEEL, "-d", str(workdir)],
        check=True,
    )
    return next(workdir.glob("mediapipe-0.10.21-*.whl"))


def fetch_npm(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", SOURCE_NPM, "--pack-destination", str(workdir)], check=True,
                   stdout=subprocess.DEVNULL)
    return next(workdir.glob("mediapipe-pose-*.tgz"))


def npm_landmarks(package: Path, variant: str) -> bytes:
    import tarfile

    with tarfile.open(package) as tgz:
        return tgz.extractfile(f"package/pose_landmark_{variant}.tflite").read()


def build(wheel: Path, out: Path, variant: str = "full", landmarks: bytes | None = None) -> None:
    """landmarks: the variant's landmark network (lite, heavy) instead of the wheel's full one."""
    # the full bundle's text as it always was: the same bytes as the shipped bundle
    description = ("MediaPipe BlazePose (full) from the mediapipe 0.10.21 wheel, Apache-2.0" if variant == "full"
                   else f"MediaPipe BlazePose ({variant}) from {SOURCE_NPM} (npm), Apache-2.0")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for bundle_name, (member, mean, std) in MEMBERS.items():
            tflite = landmarks if landmarks and bundle_name == "pose_landmarks_detector.tflite" else src.read(member)
            # Fixed timestamps keep the bundle byte-for-byte reproducible.
            info = zipfile.ZipInfo(bundle_name, date_time=(2025, 1, 31, 0, 0, 0))
            dst.writestr(info, with_normalization(tflite, mean, std, bundle_name, description))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="mediapipe 0.10.21 wheel (downloaded if absent)")
    parser.add_argument("--variant", choices=VARIANTS, default="full")
    parser.add_argument("--npm-package", type=Path, help=f"{SOURCE_NPM} as `npm pack` gives it (lite, heavy; "
                        "fetched if absent)")
    parser.add_argument("--out", type=Path, help="default: romcam/models/pose_landmarker_full.task for full, "
                        "models/pose_landmarker_VARIANT.task otherwise")
    args = parser.parse_args()
    out = args.out or Path("romcam/models/pose_landmarker_full.task" if args.variant == "full"
                           else f"models/pose_landmarker_{args.variant}.task")
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        landmarks = None
        if args.variant != "full":
            landmarks = npm_landmarks(args.npm_package or fetch_npm(Path(tmp)), args.variant)
        build(wheel, out, args.variant, landmarks)
    args.out = out
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) sha256 {digest}")


if __name__ == "__main__":
    main()
