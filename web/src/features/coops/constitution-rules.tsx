import { Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConstitutionDocument } from '../../lib/coops-api.ts';
import { constitutionSections, type RuleGroup } from './constitution-text.ts';

function Sentences({ items, size }: { items: string[]; size?: 'sm' }) {
  return (
    <List spacing={4} size={size}>
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  );
}

/** The rules of one constitution version in plain language, section by section. */
export function ConstitutionRules({
  document,
  currency,
}: {
  document: ConstitutionDocument;
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const sections = constitutionSections(t, document, currency, i18n.language);
  return (
    <Stack gap="xl" data-testid="constitution-rules">
      {sections.map((section) => {
        const plain = section.groups.filter((g) => !g.title);
        const titled = section.groups.filter((g): g is RuleGroup & { title: string } => Boolean(g.title));
        return (
          <Stack key={section.key} component="section" aria-labelledby={`rules-${section.key}`} gap="sm">
            <Title order={2} id={`rules-${section.key}`}>
              {section.title}
            </Title>
            {section.intro ? <Text>{section.intro}</Text> : null}
            {plain.map((group) => (
              <Sentences key={group.key} items={group.items} />
            ))}
            {titled.length > 0 ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {titled.map((group) => (
                  <Card key={group.key} withBorder padding="md" component="article">
                    <Title order={3} size="h4" mb="xs">
                      {group.title}
                    </Title>
                    <Sentences items={group.items} size="sm" />
                  </Card>
                ))}
              </SimpleGrid>
            ) : null}
          </Stack>
        );
      })}
    </Stack>
  );
}
