/**
 * Letter templates of collection notices: a notice type's English template beside another
 * language's (Spanish unless chosen otherwise), each edited in place with a live preview merged
 * from sample data, and the merge fields listed (click one to put it where the cursor is).
 * Saving makes the next version (the server refuses an unknown merge field, naming it); notices
 * already written keep printing with the version they were written under.
 */
import { Alert, Badge, Button, Card, Code, Group, List, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type MutableRefObject } from 'react';
import {
  languageLabels,
  noticeTypeLabels,
  noticeTypes,
  saveLetterTemplate,
  useLetterTemplates,
  useTemplatePreview,
  type LetterBlock,
  type LetterTemplate,
  type MergeFieldInfo,
  type NoticeType,
} from '../../api/collectionsLetters';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatInstant, formatIsoDate } from '../../dates';

type Inserter = (text: string) => void;

export function LetterTemplatesScreen() {
  const templates = useLetterTemplates();
  const [noticeType, setNoticeType] = useState<NoticeType>('sb998_notice');
  const [otherLanguage, setOtherLanguage] = useState('es');
  const insertInto = useRef<Inserter | null>(null);
  const all = templates.data?.templates ?? [];
  const find = (language: string) => all.find((template) => template.noticeType === noticeType && template.language === language) ?? null;
  const languages = [...new Set(['es', 'zh', 'tl', 'vi', 'ko', ...all.map((template) => template.language)])].filter((language) => language !== 'en');
  return (
    <Stack>
      <PageTitle title="Letter templates" />
      {templates.isError && <ErrorAlert error={templates.error} title="The templates did not load" />}
      <Group align="end">
        <NativeSelect label="Notice type" value={noticeType} onChange={(event) => setNoticeType(event.currentTarget.value as NoticeType)}
          data={noticeTypes.map((value) => ({ value, label: noticeTypeLabels[value] }))} w={240} />
        <NativeSelect label="Beside English" value={otherLanguage} onChange={(event) => setOtherLanguage(event.currentTarget.value)}
          data={languages.map((value) => ({ value, label: languageLabels[value] ?? value }))} w={180} />
      </Group>
      <MergeFields fields={templates.data?.mergeFields ?? []} insertInto={insertInto} />
      {templates.isSuccess && (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {['en', otherLanguage].map((language) => {
            const template = find(language);
            return (
              <TemplateEditor key={`${noticeType}/${language}/${template?.id ?? 'new'}`} noticeType={noticeType} language={language}
                template={template} insertInto={insertInto} />
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function MergeFields({ fields, insertInto }: { fields: MergeFieldInfo[]; insertInto: MutableRefObject<Inserter | null> }) {
  return (
    <Card withBorder padding="sm" component="section" aria-label="Merge fields">
      <Text size="sm" fw={600} mb={4}>Merge fields <Text span size="xs" c="dimmed">(click to insert at the cursor)</Text></Text>
      <Group gap={6}>
        {fields.map((field) => (
          <Tooltip key={field.name} label={`${field.description}${field.dataKey ? ` — notice data: ${field.dataKey}` : ''}`} multiline w={280}>
            <UnstyledButton onMouseDown={(event) => event.preventDefault()} onClick={() => insertInto.current?.(`{{${field.name}}}`)}
              aria-label={`Insert ${field.name}`}>
              <Badge variant="light" color={field.source === 'data' ? 'grape' : 'blue'} tt="none">{`{{${field.name}}}`}</Badge>
            </UnstyledButton>
          </Tooltip>
        ))}
      </Group>
    </Card>
  );
}

function TemplateEditor({ noticeType, language, template, insertInto }: {
  noticeType: NoticeType;
  language: string;
  template: LetterTemplate | null;
  insertInto: MutableRefObject<Inserter | null>;
}) {
  const client = useQueryClient();
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [changeNote, setChangeNote] = useState('');
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [draft] = useDebouncedValue({ language, subject, body }, 300);
  const preview = useTemplatePreview(draft);
  const save = useMutation({
    mutationFn: () => saveLetterTemplate({ noticeType, language, subject, body, effectiveFrom: effectiveFrom || null, changeNote: changeNote || null }),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: `Saved ${noticeTypeLabels[noticeType]} (${languageLabels[language] ?? language}) version ${saved.version}` });
      await client.invalidateQueries({ queryKey: ['collections', 'letters', 'templates'] });
    },
  });
  const insert: Inserter = (text) => {
    const area = bodyRef.current;
    // The editor that had the focus last registered this; it reads the text as it is now, not as it was then.
    const current = area?.value ?? '';
    const start = area?.selectionStart ?? current.length;
    const end = area?.selectionEnd ?? current.length;
    setBody(`${current.slice(0, start)}${text}${current.slice(end)}`);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + text.length, start + text.length);
    });
  };
  const name = languageLabels[language] ?? language;
  const changed = subject !== (template?.subject ?? '') || body !== (template?.body ?? '');
  return (
    <Card withBorder component="section" aria-label={`${name} template`} data-testid={`template-${language}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{name}</Title>
        <Text size="xs" c="dimmed">
          {template ? `Version ${template.version}, effective ${formatIsoDate(template.effectiveFrom)}, by ${template.createdBy} ${formatInstant(template.createdAt)}` : 'No template yet: these notices print in English'}
        </Text>
      </Group>
      <Stack gap="xs">
        <TextInput label="Subject" value={subject} onChange={(event) => setSubject(event.currentTarget.value)} />
        <Textarea label="Body" description='Blank line between paragraphs; "## " starts a heading, "- " a bullet' ref={bodyRef} value={body}
          onChange={(event) => setBody(event.currentTarget.value)} onFocus={() => { insertInto.current = insert; }}
          autosize minRows={10} maxRows={24} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }} />
        <Group align="end" wrap="nowrap">
          <TextInput type="date" label="Effective from" description="Default today" value={effectiveFrom} onChange={(event) => setEffectiveFrom(event.currentTarget.value)} w={170} />
          <TextInput label="What changed" description="For the version history" value={changeNote} onChange={(event) => setChangeNote(event.currentTarget.value)} style={{ flex: 1, minWidth: 0 }} />
        </Group>
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!changed && template !== null}>Save new version</Button>
        </Group>
        {save.isError && <ErrorAlert error={save.error} title="Not saved" />}
        {(preview.data?.problems.length ?? 0) > 0 && (
          <Alert color="orange" title="Fix before saving">
            <List size="sm">{preview.data?.problems.map((problem) => <List.Item key={`${problem.field}${problem.message}`}>{problem.field}: {problem.message}</List.Item>)}</List>
          </Alert>
        )}
        <Preview subject={preview.data?.subject ?? ''} blocks={preview.data?.blocks ?? []} />
      </Stack>
    </Card>
  );
}

function Preview({ subject, blocks }: { subject: string; blocks: LetterBlock[] }) {
  return (
    <Card withBorder bg="gray.0" padding="md" aria-label="Preview with sample data">
      <Text size="xs" c="dimmed" mb={4}>Preview with sample data</Text>
      <Text fw={700} mb="xs">{subject}</Text>
      <Stack gap={6}>
        {blocks.map((block, index) => {
          const key = `${index}-${block.kind}`;
          if (block.kind === 'heading') return <Text key={key} fw={700} size="sm" mt={4}>{block.text}</Text>;
          if (block.kind === 'paragraph') return <Text key={key} size="sm" style={{ whiteSpace: 'pre-line' }}>{block.text}</Text>;
          if (block.kind === 'lines') return <Code key={key} block>{block.lines.join('\n')}</Code>;
          return <List key={key} size="sm">{block.items.map((item) => <List.Item key={item}>{item}</List.Item>)}</List>;
        })}
      </Stack>
    </Card>
  );
}
