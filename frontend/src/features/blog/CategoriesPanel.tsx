import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { SelectField, TextField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { blogApi, blogKeys, type Category } from "./api";
import { categoryTree, slugify, subtree } from "./categories";

/** The category tree: create, rename, move under another parent, delete (editors). */
export function CategoriesPanel() {
  const { t } = useI18n();
  const client = useQueryClient();
  const categories = useQuery({
    queryKey: blogKeys.categories,
    queryFn: ({ signal }) => blogApi.categories(signal),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () =>
    void client.invalidateQueries({ queryKey: blogKeys.categories });
  const save = useMutation({
    mutationFn: blogApi.saveCategory,
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: blogApi.deleteCategory,
    onSuccess: refresh,
  });
  const all = categories.data?.items ?? [];
  return (
    <section
      aria-labelledby="blog-categories-title"
      className="space-y-3"
      data-testid="blog-categories"
    >
      <h2 id="blog-categories-title" className="text-lg font-semibold">
        {t("blog.categories")}
      </h2>
      {categories.isPending && <Spinner />}
      {categories.error && <ProblemError error={categories.error} />}
      {[save.error, remove.error].map(
        (error, index) => error && <ProblemError key={index} error={error} />,
      )}
      {categories.data && all.length === 0 && (
        <p className="text-sm text-slate-500">{t("blog.no_categories")}</p>
      )}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {categoryTree(all).map(({ category, depth }) => (
          <li
            key={category.slug}
            className="py-2"
            style={{ paddingLeft: `${depth * 1.5}rem` }}
            data-testid="blog-category-row"
          >
            {editing === category.slug ? (
              <CategoryForm
                categories={all}
                initial={category}
                saving={save.isPending}
                onSave={(next) => save.mutate(next)}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-medium">{category.name}</span>{" "}
                  <span className="text-xs text-slate-500">
                    /{category.slug}/
                  </span>
                </span>
                <div className="flex gap-2">
                  <Button
                    variant="ghost"
                    onClick={() => setEditing(category.slug)}
                    data-testid="blog-category-edit"
                  >
                    {t("blog.category_edit")}
                  </Button>
                  <ConfirmButton
                    variant="ghost"
                    question={t("blog.category_delete_question", {
                      name: category.name,
                    })}
                    loading={
                      remove.isPending && remove.variables === category.slug
                    }
                    onConfirm={() => remove.mutate(category.slug)}
                    data-testid="blog-category-delete"
                  >
                    {t("blog.category_delete")}
                  </ConfirmButton>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing === null && (
        <CategoryForm
          key={all.length}
          categories={all}
          initial={null}
          saving={save.isPending}
          onSave={(next) => save.mutate(next)}
        />
      )}
    </section>
  );
}

interface CategoryFormProps {
  categories: Category[];
  initial: Category | null;
  saving: boolean;
  onSave: (category: Category) => void;
  onCancel?: () => void;
}

/** A new category (its slug follows the name until edited), or an existing one renamed or moved. */
function CategoryForm({
  categories,
  initial,
  saving,
  onSave,
  onCancel,
}: CategoryFormProps) {
  const { t } = useI18n();
  const [name, setName] = useState(initial?.name ?? "");
  const [slug, setSlug] = useState<string | null>(initial?.slug ?? null);
  const [parent, setParent] = useState(initial?.parent ?? "");
  const finalSlug = slug ?? slugify(name);
  // Not under itself nor under one of its own descendants (the API refuses a cycle too).
  const barred = initial
    ? subtree(categories, initial.slug)
    : new Set<string>();
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    onSave({ slug: finalSlug, name: name.trim(), parent: parent || null });
  }
  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3"
      data-testid={initial ? "blog-category-form-edit" : "blog-category-form"}
    >
      <TextField
        label={t("blog.category_name")}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={80}
        required
        data-testid="blog-category-name"
      />
      {!initial && (
        <TextField
          label={t("blog.field_slug")}
          value={finalSlug}
          onChange={(event) => setSlug(event.target.value)}
          maxLength={120}
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          required
          data-testid="blog-category-slug"
        />
      )}
      <SelectField
        label={t("blog.category_parent")}
        value={parent}
        onChange={(event) => setParent(event.target.value)}
        data-testid="blog-category-parent"
      >
        <option value="">{t("blog.category_no_parent")}</option>
        {categories
          .filter((category) => !barred.has(category.slug))
          .map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
      </SelectField>
      <Button
        type="submit"
        loading={saving}
        disabled={!name.trim() || !finalSlug}
        data-testid="blog-category-save"
      >
        {initial ? t("blog.category_save") : t("blog.category_create")}
      </Button>
      {onCancel && (
        <Button variant="ghost" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      )}
    </form>
  );
}
