import { useMutation } from "@tanstack/react-query";
import { ImagePlus } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { MediaImagePicker } from "../../components/MediaImagePicker";
import { useLibraryImages } from "../../lib/libraryImages";
import { blogApi, type PublicImage } from "./api";

export interface LibraryImageButtonProps {
  label: string;
  /** The image made public (a permanent same-site address, never a presigned one) and its alt text. */
  onImage: (image: PublicImage, alt: string) => void;
  "data-testid": string;
}

/** Opens the media library picker; the chosen image is published for the blog before it is used. */
export function LibraryImageButton({
  label,
  onImage,
  ...props
}: LibraryImageButtonProps) {
  const [open, setOpen] = useState(false);
  const images = useLibraryImages(open);
  const publish = useMutation({
    mutationFn: ({ mediaId }: { mediaId: string; alt: string }) =>
      blogApi.image(mediaId),
    onSuccess: (image, { alt }) => {
      onImage(image, alt);
      setOpen(false);
    },
  });
  if (!open) {
    return (
      <Button
        variant="secondary"
        onClick={() => {
          publish.reset();
          setOpen(true);
        }}
        data-testid={props["data-testid"]}
      >
        <ImagePlus className="size-4" aria-hidden="true" />
        {label}
      </Button>
    );
  }
  return (
    <div className="space-y-2">
      <MediaImagePicker
        images={images.data?.items}
        loading={images.isPending}
        error={images.error}
        busy={publish.isPending}
        onPick={(item, alt) => publish.mutate({ mediaId: item.media_id, alt })}
        onClose={() => setOpen(false)}
      />
      {publish.error && <ProblemError error={publish.error} />}
    </div>
  );
}
