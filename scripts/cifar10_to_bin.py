#!/usr/bin/python3
"""Convert the shared CIFAR-10 JPEG copy into the official CIFAR-10 binary format.

Input (read-only, from ../shared):
    data/cifar10/cifar10-jpeg-train.tar.gz   train/<class>/NNNN.jpg, 5,000 per class
    data/cifar10/cifar10-jpeg-test.tar.gz    test/<class>/NNNN.jpg,  1,000 per class

Output (in --out, default build/data/cifar10-bin under the repository root):
    data_batch_1.bin .. data_batch_5.bin     10,000 records each (the 50,000 training images)
    test_batch.bin                           10,000 records
    batches.meta.txt                         the ten class names, one a line (label 0 first)
    manifest.json                            counts and sha256 of every file written

Record layout (the official "binary version" of CIFAR-10): 3,073 bytes per image,
    1 byte label (0..9), then 1024 bytes R, 1024 bytes G, 1024 bytes B,
    each plane a 32x32 image stored row-major (row 0 first, left to right).

Class order (label = index): airplane automobile bird cat deer dog frog horse ship truck.

Record order: classes interleaved. Within a class the images are sorted by their number (NNNN);
the records are class0 img0, class1 img0, ..., class9 img0, class0 img1, ... so every prefix of a
file is class-balanced (the first 100 test records hold 10 images of each class). The training
records are written in that order across the five batch files, so each batch file holds
1,000 images of each class.

Decoding: Pillow (Debian python3-pil) with libjpeg, converted to RGB. Decoding is deterministic for a
given libjpeg build; the sha256 values in manifest.json let a later run check that it got the same
bytes. Note the JPEG copy differs from the official binary release by about 6/255 per pixel on
average (it was re-encoded), so accuracy on it is close to, not equal to, official-set accuracy.

Usage:
    /usr/bin/python3 scripts/cifar10_to_bin.py [--out DIR] [--shared PATH]
"""

import argparse
import hashlib
import io
import json
import os
import re
import sys
import tarfile

from PIL import Image

CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck")
IMAGE_BYTES = 32 * 32 * 3
RECORD_BYTES = 1 + IMAGE_BYTES
TRAIN_PER_CLASS = 5000
TEST_PER_CLASS = 1000
TRAIN_BATCHES = 5

_NAME_RE = re.compile(r"^(?:\./)?(train|test)/([a-z]+)/(\d+)\.jpg$")


def _decode(jpeg_bytes, name):
    with Image.open(io.BytesIO(jpeg_bytes)) as img:
        img = img.convert("RGB")
        if img.size != (32, 32):
            raise ValueError(f"{name}: expected 32x32, got {img.size}")
        # Planar R, G, B from interleaved RGB.
        rgb = img.tobytes()
    return rgb[0::3] + rgb[1::3] + rgb[2::3]


def read_split(tar_path, split, per_class):
    """Returns a list (per class) of lists of planar images, sorted by image number."""
    by_class = {c: {} for c in CLASSES}
    with tarfile.open(tar_path, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            m = _NAME_RE.match(member.name)
            if not m:
                continue
            if m.group(1) != split:
                raise ValueError(f"{tar_path}: unexpected split in {member.name}")
            cls, number = m.group(2), int(m.group(3))
            if cls not in by_class:
                raise ValueError(f"{tar_path}: unknown class in {member.name}")
            if number in by_class[cls]:
                raise ValueError(f"{tar_path}: duplicate image {member.name}")
            data = tar.extractfile(member).read()
            by_class[cls][number] = _decode(data, member.name)
    out = []
    for cls in CLASSES:
        images = by_class[cls]
        if len(images) != per_class:
            raise ValueError(f"{tar_path}: class {cls} has {len(images)} images, "
                             f"expected {per_class}")
        out.append([images[k] for k in sorted(images)])
    return out


def interleave(per_class_images):
    """class0 img0, class1 img0, ..., class9 img0, class0 img1, ... as label+planes records."""
    n = len(per_class_images[0])
    records = []
    for i in range(n):
        for label, images in enumerate(per_class_images):
            records.append(bytes([label]) + images[i])
    return records


def write_file(path, records, manifest):
    blob = b"".join(records)
    assert len(blob) == len(records) * RECORD_BYTES
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, path)
    manifest["files"][os.path.basename(path)] = {
        "records": len(records),
        "bytes": len(blob),
        "sha256": hashlib.sha256(blob).hexdigest(),
    }
    print(f"wrote {path}: {len(records)} records")


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(repo, "build", "data", "cifar10-bin"),
                        help="output directory (default: %(default)s)")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(repo), "shared"),
                        help="path to the shared/ folder (default: %(default)s)")
    args = parser.parse_args(argv)

    src = os.path.join(args.shared, "data", "cifar10")
    os.makedirs(args.out, exist_ok=True)
    manifest = {
        "format": "CIFAR-10 binary: 1 label byte + 1024 R + 1024 G + 1024 B, row-major 32x32",
        "classes": list(CLASSES),
        "order": "classes interleaved: class0 img0, class1 img0, ..., class9 img0, class0 img1, ...",
        "source": "shared/data/cifar10/cifar10-jpeg-{train,test}.tar.gz (JPEG re-encoded copy)",
        "decoder": f"Pillow {Image.__version__}, convert('RGB')",
        "files": {},
    }

    test = interleave(read_split(os.path.join(src, "cifar10-jpeg-test.tar.gz"),
                                 "test", TEST_PER_CLASS))
    write_file(os.path.join(args.out, "test_batch.bin"), test, manifest)
    del test

    train = interleave(read_split(os.path.join(src, "cifar10-jpeg-train.tar.gz"),
                                  "train", TRAIN_PER_CLASS))
    per_batch = len(train) // TRAIN_BATCHES
    for b in range(TRAIN_BATCHES):
        write_file(os.path.join(args.out, f"data_batch_{b + 1}.bin"),
                   train[b * per_batch:(b + 1) * per_batch], manifest)

    with open(os.path.join(args.out, "batches.meta.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
